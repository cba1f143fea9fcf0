-- Commission is paid only between accounts whose phones were proven by an SMS code (identity's UserRegistered.PhoneVerified
-- or PhoneVerified): a squatted or made-up number neither earns nor triggers any. Accruals stay frozen until both ends are.
ALTER TABLE referral_users ADD COLUMN phone_verified boolean NOT NULL DEFAULT false;
