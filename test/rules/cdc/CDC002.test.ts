import * as assert from 'node:assert/strict';
import { slotWalUnbounded } from '../../../server/src/rules/cdc/slot-wal-unbounded';
import { dependsOn, readsWorkspace } from '../../../server/src/workspace/workspaceIndex';
import { ruleTester } from '../ruleTester';
import { factsOf, indexOf, lintWithIndex, type Workspace } from '../workspaceTester';

const t = (s: string) => s.replace(/^\n/, '');
const NOT_SET = 'Logical replication is on (`wal_level = logical`) but `max_slot_wal_keep_size` is not set: replication slots may keep WAL without limit';
const UNLIMITED = '`max_slot_wal_keep_size` is `-1`: replication slots may keep WAL without limit';

ruleTester(slotWalUnbounded, {
  valid: [
    {
      name: 'postgresql.conf with a cap',
      path: 'db/postgresql.conf',
      code: t(`
wal_level = logical
max_replication_slots = 4
max_slot_wal_keep_size = 20GB
`),
    },
    {
      name: 'physical replication only',
      path: 'db/postgresql.conf',
      code: 'wal_level = replica\nmax_wal_senders = 5\n',
    },
    {
      name: 'the cap may live in an included file',
      path: 'db/postgresql.conf',
      code: "wal_level = logical\ninclude_dir = 'conf.d'\n",
    },
    {
      name: 'PostgreSQL 12 has no such setting',
      path: '/etc/postgresql/12/main/postgresql.conf',
      code: 'wal_level = logical\n',
    },
    {
      name: 'no replication slots can exist',
      path: 'db/postgresql.conf',
      code: 'wal_level = logical\nmax_replication_slots = 0\n',
    },
    {
      name: 'a commented-out wal_level is not a setting',
      path: 'db/postgresql.conf',
      code: '#wal_level = logical\n',
    },
    {
      name: 'ALTER SYSTEM with a cap (uppercase and quoted value)',
      path: 'migrations/V7__logical_replication.sql',
      code: t(`
ALTER SYSTEM SET wal_level = 'logical';
ALTER SYSTEM SET max_slot_wal_keep_size = '100GB';
`),
    },
    {
      name: 'a migration without ALTER SYSTEM',
      path: 'migrations/V3__outbox.sql',
      code: "CREATE TABLE outbox (id uuid PRIMARY KEY, payload jsonb NOT NULL);\nINSERT INTO settings (k, v) VALUES ('wal_level', 'logical');\n",
    },
    {
      name: 'compose: capped in list form',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: postgres:16
    command: ["postgres", "-c", "wal_level=logical", "-c", "max_slot_wal_keep_size=10GB"]
`),
    },
    {
      name: 'compose: the server reads a mounted configuration file too',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: postgres:16
    command: postgres -c config_file=/etc/postgresql/postgresql.conf -c wal_level=logical
    volumes:
      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro
`),
    },
    {
      name: 'compose, Bitnami image: capped in POSTGRESQL_EXTRA_FLAGS, a mounted conf.d, flags in list form, PostgreSQL 12, another image',
      path: 'docker-compose.yml',
      code: t(`
services:
  capped:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: "-c max_wal_senders=8 -c max_slot_wal_keep_size=20GB"
  confd:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
    volumes:
      - ./conf.d:/bitnami/postgresql/conf/conf.d
  listed:
    image: docker.io/bitnami/postgresql:16.4.0
    environment:
      - POSTGRESQL_WAL_LEVEL=logical
      - POSTGRESQL_EXTRA_FLAGS=-c max_slot_wal_keep_size=20GB
  old:
    image: bitnami/postgresql:12
    environment:
      POSTGRESQL_WAL_LEVEL: logical
  official:
    image: postgres:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
`),
    },
    {
      name: 'compose, Bitnami image: the cap may come from where the rule does not read',
      path: 'docker-compose.yml',
      code: t(`
x-pg: &pg
  POSTGRESQL_EXTRA_FLAGS: "-c max_slot_wal_keep_size=20GB"
services:
  envfile:
    image: bitnami/postgresql:16
    env_file: postgres.env
    environment:
      POSTGRESQL_WAL_LEVEL: logical
  merged:
    image: bitnami/postgresql:16
    environment:
      <<: *pg
      POSTGRESQL_WAL_LEVEL: logical
  secret_file:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS_FILE: /run/secrets/pg_flags
  variable:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: "-c max_connections=200 \${PG_MORE_FLAGS}"
  literal:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: |
        -c max_connections=200
  run_sh:
    image: bitnami/postgresql:16
    command: ["/opt/bitnami/scripts/postgresql/run.sh", "-c", "max_slot_wal_keep_size=10GB"]
    environment:
      POSTGRESQL_WAL_LEVEL: logical
  configs:
    image: bitnami/postgresql:16
    configs:
      - source: pg_cap
        target: /bitnami/postgresql/conf/conf.d/cap.conf
    environment:
      POSTGRESQL_WAL_LEVEL: logical
`),
    },
    {
      name: 'compose: PostgreSQL 12 image',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: debezium/postgres:12
    command: postgres -c wal_level=logical
`),
    },
    {
      name: 'compose: a shell wrapping the server is not read',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: postgres:16
    command: sh -c "echo starting && exec postgres -c wal_level=logical"
`),
    },
    {
      name: 'shell: capped on the command line',
      path: 'scripts/start-db.sh',
      code: 'exec postgres -c wal_level=logical -c max_slot_wal_keep_size=40GB\n',
    },
    {
      name: 'shell: psql running SQL is not a server flag',
      path: 'scripts/psql.sh',
      code: 'psql -v ON_ERROR_STOP=1 -c "SHOW wal_level"\nexport WAL_LEVEL=logical\n',
    },
    {
      name: 'shell: the value comes from the environment',
      path: 'scripts/start-db.sh',
      code: 'exec postgres -c wal_level=logical -c max_slot_wal_keep_size=$SLOT_CAP\n',
    },
  ],
  invalid: [
    {
      name: 'postgresql.conf: inserted after wal_level, its spacing kept',
      path: 'db/postgresql.conf',
      code: t(`
listen_addresses = '*'
wal_level = logical			# minimal, replica, or logical
max_wal_senders = 10
`),
      errors: [{ line: 2, column: 1, endColumn: 20, message: NOT_SET, severity: 'warning' }],
      output: null,
      unsafeOutput: t(`
listen_addresses = '*'
wal_level = logical			# minimal, replica, or logical
max_slot_wal_keep_size = 50GB
max_wal_senders = 10
`),
    },
    {
      name: 'postgresql.conf: -1 replaced, quotes kept',
      path: '/etc/postgresql/16/main/postgresql.conf',
      code: "wal_level=logical\nmax_slot_wal_keep_size='-1'\n",
      errors: [{ line: 2, column: 1, message: UNLIMITED }],
      output: null,
      unsafeOutput: "wal_level=logical\nmax_slot_wal_keep_size='50GB'\n",
    },
    {
      name: 'compose, Bitnami image: POSTGRESQL_WAL_LEVEL without a cap, map and list form, and -1 in the extra flags',
      path: 'docker-compose.yml',
      code: t(`
services:
  postgres:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_USERNAME: app
      POSTGRESQL_WAL_LEVEL: logical   # for Debezium
      POSTGRESQL_DATABASE: shop
  listed:
    image: bitnami/postgresql:16
    environment:
      - POSTGRESQL_WAL_LEVEL=logical
  flags:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: "-c max_wal_senders=8"
  unlimited:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: -c max_slot_wal_keep_size=-1
`),
      errors: [
        { line: 6, column: 7, endColumn: 36, message: NOT_SET },
        { line: 11, column: 9, message: NOT_SET },
        { line: 15, column: 7, message: NOT_SET },
        { line: 21, column: 31, message: UNLIMITED },
      ],
      output: null,
      unsafeOutput: t(`
services:
  postgres:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_USERNAME: app
      POSTGRESQL_WAL_LEVEL: logical   # for Debezium
      POSTGRESQL_EXTRA_FLAGS: "-c max_slot_wal_keep_size=50GB"
      POSTGRESQL_DATABASE: shop
  listed:
    image: bitnami/postgresql:16
    environment:
      - POSTGRESQL_WAL_LEVEL=logical
      - POSTGRESQL_EXTRA_FLAGS=-c max_slot_wal_keep_size=50GB
  flags:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: "-c max_wal_senders=8 -c max_slot_wal_keep_size=50GB"
  unlimited:
    image: bitnami/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: logical
      POSTGRESQL_EXTRA_FLAGS: -c max_slot_wal_keep_size=50GB
`),
    },
    {
      name: 'compose, Bitnami image: a block scalar WAL level gets no fix (a new line would land after the block); bitnamilegacy is the same image',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: bitnamilegacy/postgresql:16
    environment:
      POSTGRESQL_WAL_LEVEL: >-
        logical
    ports:
      - "5432:5432"
`),
      errors: [{ line: 5, column: 7, message: NOT_SET }],
      output: null,
      unsafeOutput: null,
    },
    {
      name: 'ALTER SYSTEM: lower case and TO kept',
      path: 'migrations/V12__enable_cdc.sql',
      code: t(`
-- Debezium needs logical decoding
alter system set wal_level to logical;
alter system set max_wal_senders to 8;
`),
      errors: [{ line: 2, column: 1, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
-- Debezium needs logical decoding
alter system set wal_level to logical;
alter system set max_slot_wal_keep_size to '50GB';
alter system set max_wal_senders to 8;
`),
    },
    {
      name: 'ALTER SYSTEM RESET after wal_level: the reset statement becomes the cap',
      path: 'migrations/V13__cdc.sql',
      code: t(`
ALTER SYSTEM SET wal_level = logical;
ALTER SYSTEM RESET max_slot_wal_keep_size;
`),
      errors: [{ line: 1, column: 1, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
ALTER SYSTEM SET wal_level = logical;
ALTER SYSTEM SET max_slot_wal_keep_size = '50GB';
`),
    },
    {
      name: 'ALTER SYSTEM: -1',
      path: 'migrations/V14__cdc.sql',
      code: 'ALTER SYSTEM SET wal_level = logical;\nALTER SYSTEM SET max_slot_wal_keep_size = -1;\n',
      errors: [{ line: 2, column: 1, message: UNLIMITED }],
      output: null,
      unsafeOutput: "ALTER SYSTEM SET wal_level = logical;\nALTER SYSTEM SET max_slot_wal_keep_size = '50GB';\n",
    },
    {
      name: 'compose: command string',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: example
    command: postgres -c wal_level=logical -c max_wal_senders=4
`),
      errors: [{ line: 6, column: 23, endColumn: 43, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
services:
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: example
    command: postgres -c wal_level=logical -c max_slot_wal_keep_size=50GB -c max_wal_senders=4
`),
    },
    {
      name: 'compose: block list with -1',
      path: 'compose.yaml',
      code: t(`
services:
  db:
    image: postgres:15
    command:
      - postgres
      - -c
      - wal_level=logical
      - -c
      - max_slot_wal_keep_size=-1
`),
      errors: [{ line: 8, column: 9, message: UNLIMITED }],
      output: null,
      unsafeOutput: t(`
services:
  db:
    image: postgres:15
    command:
      - postgres
      - -c
      - wal_level=logical
      - -c
      - max_slot_wal_keep_size=50GB
`),
    },
    {
      name: "compose: Debezium's example database (its tag is the Debezium release, not PostgreSQL's)",
      path: 'docker-compose.yml',
      code: t(`
services:
  postgres:
    image: quay.io/debezium/example-postgres:2.5
    command: postgres -c wal_level=logical
`),
      errors: [{ line: 4, column: 23, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
services:
  postgres:
    image: quay.io/debezium/example-postgres:2.5
    command: postgres -c wal_level=logical -c max_slot_wal_keep_size=50GB
`),
    },
    {
      name: 'compose: flow list with quoted items, flags only (image entrypoint adds postgres)',
      path: 'docker-compose.yaml',
      code: t(`
services:
  db:
    image: postgres:17
    command: ["-c", "wal_level=logical"]
`),
      errors: [{ line: 4, column: 15, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
services:
  db:
    image: postgres:17
    command: ["-c", "wal_level=logical", "-c", "max_slot_wal_keep_size=50GB"]
`),
    },
    {
      name: 'compose: folded command reported on its key line, new flag on its own line',
      path: 'docker-compose.yml',
      code: t(`
services:
  db:
    image: postgres:16
    command: >
      postgres
      -c wal_level=logical
      -c max_wal_senders=4
`),
      errors: [{ line: 4, column: 5, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
services:
  db:
    image: postgres:16
    command: >
      postgres
      -c wal_level=logical
      -c max_slot_wal_keep_size=50GB
      -c max_wal_senders=4
`),
    },
    {
      name: 'Kubernetes container args',
      path: 'k8s/postgres.yaml',
      code: t(`
apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          args:
            - "-c"
            - "wal_level=logical"
`),
      errors: [{ line: 10, column: 15, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          args:
            - "-c"
            - "wal_level=logical"
            - "-c"
            - "max_slot_wal_keep_size=50GB"
`),
    },
    {
      name: 'shell: a multi-line command is reported on its first line',
      path: 'docker/entrypoint.sh',
      code: t(`
#!/usr/bin/env bash
set -euo pipefail
exec postgres \\
  -c wal_level=logical \\
  -c max_wal_senders=10
`),
      errors: [{ line: 3, column: 1, endLine: 4, message: NOT_SET }],
      output: null,
      unsafeOutput: t(`
#!/usr/bin/env bash
set -euo pipefail
exec postgres \\
  -c wal_level=logical \\
  -c max_slot_wal_keep_size=50GB \\
  -c max_wal_senders=10
`),
    },
    {
      name: 'shell: pg_ctl -o option string',
      path: 'docker-entrypoint-initdb.d/10-replica.sh',
      code: 'pg_ctl -D "$PGDATA" -o "-c listen_addresses=\'\' -c wal_level=logical" -w start\n',
      errors: [{ line: 1, column: 48, message: NOT_SET }],
      output: null,
      unsafeOutput: 'pg_ctl -D "$PGDATA" -o "-c listen_addresses=\'\' -c wal_level=logical -c max_slot_wal_keep_size=50GB" -w start\n',
    },
    {
      name: 'shell: docker run with long-form flags after the image',
      path: 'scripts/dev-db.sh',
      code: 'docker run -d --name cdc-db -e POSTGRES_PASSWORD=dev postgres:16 -c wal_level=logical\npodman run --rm postgres:15 --wal_level=logical\n',
      errors: [{ line: 1, column: 66, message: NOT_SET }],
      output: null,
      unsafeOutput: 'docker run -d --name cdc-db -e POSTGRES_PASSWORD=dev postgres:16 -c wal_level=logical -c max_slot_wal_keep_size=50GB\npodman run --rm postgres:15 --wal_level=logical\n',
    },
    {
      name: 'shell: postgres long-form flags',
      path: 'scripts/run.sh',
      code: 'gosu postgres postgres --wal-level=logical --max-wal-senders=4 &\n',
      errors: [{ line: 1, column: 24, message: NOT_SET }],
      output: null,
      unsafeOutput: 'gosu postgres postgres --wal-level=logical --max_slot_wal_keep_size=50GB --max-wal-senders=4 &\n',
    },
  ],
});

describe('CDC002 with the workspace index: a cap set next door', () => {
  const V5 = 'db/migration/V5__logical_replication.sql';
  const WAL = "ALTER SYSTEM SET wal_level = 'logical';\n";
  const CAP = "ALTER SYSTEM SET max_slot_wal_keep_size = '20GB';\n";
  const messages = async (path: string, files: Workspace) => (await lintWithIndex(slotWalUnbounded, path, files)).map((f) => f.message);

  it('a cap set by another migration of the folder counts', async () => {
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'db/migration/V6__slot_cap.sql': CAP }), []);
  });

  it('without it, or with it in another folder, or at -1, the migration is flagged', async () => {
    assert.deepEqual(await messages(V5, { [V5]: WAL }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'billing/db/migration/V6__slot_cap.sql': CAP }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'db/migration/V6__slot_cap.sql': "ALTER SYSTEM SET max_slot_wal_keep_size = -1;\n" }), [NOT_SET]);
  });

  it('a neighbour that resets the cap or sets it to -1 keeps the warning (the order of migrations is not read)', async () => {
    const cap = { 'db/migration/V6__slot_cap.sql': CAP };
    assert.deepEqual(await messages(V5, { [V5]: WAL, ...cap, 'db/migration/V7__reset.sql': 'ALTER SYSTEM RESET max_slot_wal_keep_size;\n' }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, ...cap, 'db/migration/V7__reset_all.sql': 'ALTER SYSTEM RESET ALL;\n' }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, ...cap, 'db/migration/V7__unlimited.sql': 'ALTER SYSTEM SET max_slot_wal_keep_size = -1;\n' }), [NOT_SET]);
  });

  it('a down or undo migration, or the SQL of another server in the folder, does not cap this one', async () => {
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'db/migration/000006_slot_cap.down.sql': CAP }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'db/migration/U6__slot_cap.sql': CAP }), [NOT_SET]);
    assert.deepEqual(await messages(V5, { [V5]: WAL, 'db/migration/analytics.sql': WAL + CAP }), [NOT_SET]);
  });

  it('postgresql.auto.conf next to postgresql.conf adds to it', async () => {
    const conf = 'db/postgresql.conf';
    assert.deepEqual(await messages(conf, { [conf]: 'wal_level = logical\n', 'db/postgresql.auto.conf': "max_slot_wal_keep_size = '20GB'\n" }), []);
    assert.deepEqual(await messages(conf, { [conf]: 'wal_level = logical\n' }), [NOT_SET]);
    // another server's file in the same folder is not read with it
    const primary = 'db/postgresql-primary.conf';
    assert.deepEqual(await messages(primary, { [primary]: 'wal_level = logical\n', 'db/postgresql-replica.conf': "max_slot_wal_keep_size = '20GB'\n" }), [NOT_SET]);
  });

  it('server flags in a compose file are not capped by a migration beside it', async () => {
    const compose = 'db/migration/docker-compose.yml';
    const files = { [compose]: 'services:\n  db:\n    image: postgres:16\n    command: postgres -c wal_level=logical\n', 'db/migration/V6__slot_cap.sql': CAP };
    assert.deepEqual(await messages(compose, files), [NOT_SET]);
  });

  it('the migration is linted again once the index is built, and depends on its neighbour\'s cap', async () => {
    const { index, facts } = await indexOf({ [V5]: WAL, 'db/migration/V6__slot_cap.sql': CAP });
    assert.equal(readsWorkspace(facts.get(V5), index), true);
    const alone = await indexOf({ [V5]: WAL });
    assert.equal(readsWorkspace(alone.facts.get(V5), alone.index), false);
    const changed = index.update('db/migration/V6__slot_cap.sql', undefined);
    assert.equal(dependsOn(facts.get(V5), changed), true);
    const elsewhere = index.update('db/migration/V7__other.sql', await factsOf('db/migration/V7__other.sql', 'CREATE TABLE t (id int PRIMARY KEY);\n'));
    assert.equal(dependsOn(facts.get(V5), elsewhere), false);
  });
});
