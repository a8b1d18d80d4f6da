import { Redis } from 'ioredis';
import pg from 'pg';

export interface ServiceProblem {
  service: 'PostgreSQL' | 'Redis';
  url: string;
  error: string;
  fix: string[];
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function checkPostgres(url: string): Promise<ServiceProblem | undefined> {
  // Connect to the server's `postgres` database: ours may not exist yet, which is fine (we create it).
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return {
      service: 'PostgreSQL',
      url: redact(url),
      error: (error as Error).message || String(error),
      fix: [
        'start it:   pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
        'install it: apt-get install -y postgresql   (or: docker compose up -d postgres)',
        'or point DATABASE_URL at a server you have (postgres://user:password@host:5432/smsgw)',
      ],
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<ServiceProblem | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return {
      service: 'Redis',
      url: redact(url),
      error: (error as Error).message || String(error),
      fix: [
        'start it:   redis-server --daemonize yes --bind 127.0.0.1 --port 6379',
        'install it: apt-get install -y redis-server   (or: docker compose up -d redis)',
        'or point REDIS_URL at a server you have (redis://host:6379)',
      ],
    };
  } finally {
    redis.disconnect();
  }
}

/** Checks that PostgreSQL and Redis answer; each problem says exactly what to run. */
export async function preflight(databaseUrl: string, redisUrl: string): Promise<ServiceProblem[]> {
  const results = await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
  return results.filter((p): p is ServiceProblem => p !== undefined);
}

export function describeProblems(problems: ServiceProblem[]): string {
  return problems
    .map((p) => [`✗ ${p.service} does not answer at ${p.url}: ${p.error}`, ...p.fix.map((f) => `    ${f}`)].join('\n'))
    .join('\n');
}
