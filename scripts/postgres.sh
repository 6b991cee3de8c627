# PostgreSQL for the tests: the machine's server on 127.0.0.1:5432 (see ../shared/INFRA.md), started if it is down.
# DATABASE_URL points elsewhere to use another server.
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

ensure_postgres() {
  if node -e "
    const { Client } = require('./packages/event-store/node_modules/pg');
    const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end(), () => process.exit(1));
  "; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "test: starting the local PostgreSQL cluster" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && return 0; sleep 1; done
  fi
  echo "test: PostgreSQL does not answer at $DATABASE_URL; start it or set DATABASE_URL" >&2
  return 1
}
