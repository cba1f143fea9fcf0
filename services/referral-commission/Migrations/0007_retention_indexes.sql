-- The retention sweep clears the fraud signals of rows past the window; only rows still holding one are indexed.
CREATE INDEX IF NOT EXISTS bindings_signals_bound_at ON bindings (bound_at)
    WHERE device_id IS NOT NULL OR phone_prefix IS NOT NULL;
CREATE INDEX IF NOT EXISTS referral_users_signals_registered_at ON referral_users (registered_at)
    WHERE device_id IS NOT NULL OR phone_prefix IS NOT NULL;
