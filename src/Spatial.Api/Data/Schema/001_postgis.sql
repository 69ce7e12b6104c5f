-- PostGIS itself. On a managed server the extension may already exist (and creating it needs rights
-- the service account may lack), hence IF NOT EXISTS.
CREATE EXTENSION IF NOT EXISTS postgis;
