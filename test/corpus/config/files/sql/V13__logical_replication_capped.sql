-- flyway:executeInTransaction=false
alter system set wal_level = 'logical';
alter system set max_slot_wal_keep_size = '80GB';
alter system set idle_replication_slot_timeout = '2d';

create table if not exists public.debezium_heartbeat (
  id int primary key,
  ts timestamptz not null
);
alter publication dbz_publication add table public.debezium_heartbeat;
