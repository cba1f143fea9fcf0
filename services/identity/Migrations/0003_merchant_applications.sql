CREATE TABLE merchant_applications (
    id                   uuid        PRIMARY KEY,
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shop_name            text        NOT NULL,
    business_license_no  text        NOT NULL,
    contact_name         text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason               text        NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    decided_at           timestamptz NULL,
    decided_by           uuid        NULL
);

-- One open application per user; a rejected applicant may apply again.
CREATE UNIQUE INDEX merchant_applications_one_pending ON merchant_applications (user_id) WHERE status = 'pending';
