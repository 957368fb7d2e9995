ALTER TABLE users DROP CONSTRAINT users_portal_no_password, DROP COLUMN external_id;
