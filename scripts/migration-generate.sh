#!/usr/bin/env bash
# Generates a migration from the entities against a scratch database, so the diff is exactly
# what the entities add to the checked-in migrations. Usage: npm run migration:generate -- Name
set -euo pipefail
name=${1:?usage: npm run migration:generate -- Name}
scratch="smsgw_migrate_$$"
base=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/smsgw}
export DATABASE_URL="${base%/*}/${scratch}"
npm run --silent build:server
cleanup() { node -e "import('./dist/src/database/ensure-database.js').then(m => m.dropDatabase(process.env.DATABASE_URL))"; }
trap cleanup EXIT
node -e "import('./dist/src/database/ensure-database.js').then(m => m.ensureDatabase(process.env.DATABASE_URL))"
typeorm migration:run -d dist/ormconfig.js
typeorm migration:generate -d dist/ormconfig.js --pretty "src/database/migrations/${name}"
echo "Now review the file, add it to src/database/migrations/index.ts and run the tests."
