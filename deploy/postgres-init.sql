-- Runs once, when the PostgreSQL volume is created: the API gets a database of its own next to Keycloak's.
CREATE DATABASE agenda OWNER CURRENT_USER;
