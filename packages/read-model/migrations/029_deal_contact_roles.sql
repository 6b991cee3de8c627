-- Opportunity contact roles: the contacts of a deal with the role each plays (Economic Buyer, Decision Maker...) and
-- the one that is primary. Their persons are in contact_ids too, so everything that follows a deal's contacts (its
-- journey, the deals a person's touch affects) sees them. Journeys under mapping=primary_contact, or narrowed to
-- some roles, read the roles of the deals they load from here, by deal: the projector's credits stay on all contacts,
-- so these questions are answered live and the projector's cost per event does not change.
-- Columns added at the end of the table, so a deal event stored before reads as one naming no roles (has_contact_roles
-- 0): the deal keeps whatever roles a later event gives it, or none.
ALTER TABLE {{db}}.deal_events
    ADD COLUMN IF NOT EXISTS role_person_ids Array(String) COMMENT 'contactRoles: the person of each role, in the order sent',
    ADD COLUMN IF NOT EXISTS role_names Array(String) COMMENT 'contactRoles: the role of each person of role_person_ids',
    ADD COLUMN IF NOT EXISTS primary_contact_id String COMMENT 'the person of the primary contact role; empty when none is primary',
    ADD COLUMN IF NOT EXISTS has_contact_roles UInt8 COMMENT '1 when the event gave contactRoles: the deal''s roles are these from then on';
