-- Whether the account's phone was proven by an SMS code. An unproven account cannot keep the number from its owner: whoever
-- proves it takes it over. Accounts made by an SMS sign-in proved it when they were made.
ALTER TABLE users ADD COLUMN phone_verified_at timestamptz NULL;
UPDATE users SET phone_verified_at = created_at WHERE password_hash IS NULL AND erased_at IS NULL;
