-- Interest groups (圈子). A group is written pending and moderated like a post (its name and description are the owner's
-- words); only published ones are listed, joined or posted in. The member count changes in the transaction that adds or
-- removes the membership row, under the group row's lock. Posts placed in a group are counted when read (docs/social.md).
CREATE TABLE groups (
    id            uuid        PRIMARY KEY,
    owner_id      uuid        NOT NULL,
    name          text        NOT NULL,
    description   text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    -- Why it waits for a moderator or was refused, and the case to appeal against: for the owner's eyes only.
    reasons       text[]      NOT NULL DEFAULT '{}',
    case_id       uuid        NULL,
    members       bigint      NOT NULL DEFAULT 0 CHECK (members >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz NULL
);
-- One group per name, whatever its case; a rejected group gives its name back.
CREATE UNIQUE INDEX groups_name ON groups (lower(name)) WHERE status <> 'rejected';
CREATE INDEX groups_published ON groups (created_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX groups_owner ON groups (owner_id);

CREATE TABLE group_members (
    group_id   uuid        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
-- My groups, latest joined first; erasure.
CREATE INDEX group_members_user ON group_members (user_id, joined_at DESC, group_id DESC);

-- A post written in a group stays the author's post; the group is where else it shows. The owner can take it out of the
-- group (removed_from_group_at), which leaves it on the author's profile and in feeds. A deleted group detaches its posts.
ALTER TABLE posts
    ADD COLUMN group_id              uuid        NULL REFERENCES groups (id),
    ADD COLUMN removed_from_group_at timestamptz NULL;
-- The group's page and its post count: one index range.
CREATE INDEX posts_group ON posts (group_id, published_at DESC, id DESC)
    WHERE group_id IS NOT NULL AND removed_from_group_at IS NULL AND deleted_at IS NULL AND published_revision IS NOT NULL;
