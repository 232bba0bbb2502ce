-- AUD: what the naive design costs per read: a point select and an audit row in one transaction,
-- committed synchronously. Run with `PGOPTIONS='-c synchronous_commit=off'` it is AUDA, the ceiling
-- an audit that commits in groups could approach.
\set aid random(1, 100000 * :scale)
BEGIN;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
INSERT INTO bench_audit (event_id, at, action, actor_name, target_id, details)
    VALUES (gen_random_uuid(), now(), 'customer.field.revealed', 'bench', :aid, '{"field":"phone","policyVersion":1}');
END;
