-- One database and role per service (docker compose only; Kubernetes uses your managed PostgreSQL).
-- The password is a local-development value, never a production credential.
create role cybernet_auth login password 'cybernet-dev';
create database cybernet_auth owner cybernet_auth;
create role cybernet_signal_store login password 'cybernet-dev';
create database cybernet_signal_store owner cybernet_signal_store;
create role cybernet_notification login password 'cybernet-dev';
create database cybernet_notification owner cybernet_notification;
