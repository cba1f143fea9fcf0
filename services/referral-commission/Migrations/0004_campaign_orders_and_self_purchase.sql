-- Whether orders from campaigns (group-buys, flash sales: thin margins) earn commission; on for the versions before.
ALTER TABLE rule_versions ADD COLUMN campaign_orders boolean NOT NULL DEFAULT true;

-- Self-purchase rebate (自购返佣): with the rule on, a promoter (someone who has brought in at least one user) buying earns
-- tier 1 on their own order and their referrer tier 2; still never more than two tiers.
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_attribution_check,
    ADD CONSTRAINT commission_entries_attribution_check CHECK (attribution IN ('binding', 'share-code', 'self-purchase'));
