import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

/**
 * What can be checked of deploy/ without Docker, Helm or a cluster (CI runs `helm lint`, `helm template |
 * kubeconform` and `docker build` where those tools exist: see .ci/run): every plain YAML and JSON file
 * parses, the Dockerfile keeps its rules, the chart's templates only use values that exist and helpers
 * that are defined, and every setting they pass Laurel is one Laurel reads.
 */
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const CHART = join(DEPLOY, 'helm/laurel');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const deployFiles = walk(DEPLOY).map((f) => relative(ROOT, f));
const templates = deployFiles.filter((f) => f.startsWith('deploy/helm/laurel/templates/'));
const values = parseYaml(read('deploy/helm/laurel/values.yaml')) as Record<string, unknown>;
const configSource = read('packages/server/src/config.ts');
const laurelReads = new Set([...configSource.matchAll(/env\.([A-Z][A-Z0-9_]+)|(?:int|bool)\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!));

describe('deploy/: plain files parse', () => {
  it('every YAML and JSON file outside the chart templates parses', () => {
    const plain = deployFiles.filter((f) => /\.(ya?ml|json)$/.test(f) && !templates.includes(f));
    expect(plain.length).toBeGreaterThanOrEqual(6);
    for (const file of plain) {
      if (file.endsWith('.json')) expect(() => JSON.parse(read(file)), file).not.toThrow();
      else for (const doc of parseAllDocuments(read(file))) expect(doc.errors, file).toEqual([]);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = lines.filter((l) => /^FROM\s/i.test(l));
  const runtime = lines.slice(lines.findIndex((l) => l === stages.at(-1)));

  it('is multi-stage; the runtime stage runs as a non-root user, under tini, with a health check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const users = runtime.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBe(1);
    const user = users[0]!.split(/\s+/)[1]!.split(':')[0]!;
    expect(user === 'root' || user === '0').toBe(false);
    // Nothing after USER switches back.
    expect(runtime.slice(runtime.indexOf(users[0]!)).some((l) => /^USER\s+(root|0)\b/i.test(l))).toBe(false);
    expect(runtime.some((l) => /^ENTRYPOINT .*tini/.test(l))).toBe(true);
    expect(runtime.some((l) => /^HEALTHCHECK /.test(l))).toBe(true);
  });

  it('bakes in no secret: no secret-named ENV or ARG with a value, no key or env file copied', () => {
    const assignments = lines.filter((l) => /^(ENV|ARG)\s/i.test(l) || /^\s+[A-Z_]+=/.test(l));
    for (const line of assignments) expect(line, line).not.toMatch(/(KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|SMTP_URL)\w*\s*=\s*\S/i);
    for (const line of lines.filter((l) => /^(COPY|ADD)\s/i.test(l))) expect(line, line).not.toMatch(/\.env\b|master\.key|\.pem\b|\bdata\b(?!\/)/);
    expect(lines.some((l) => /^ADD\s+https?:/i.test(l))).toBe(false);
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', 'data', '**/.env', '**/master.key', '**/*.db', '.git']) expect(ignored, entry).toContain(entry);
  });

  it('the only writable paths it declares are /data and /tmp, and LAUREL_DATA_DIR points at /data', () => {
    expect(runtime.filter((l) => /^VOLUME/.test(l))).toEqual(['VOLUME ["/data"]']);
    expect(dockerfile).toMatch(/LAUREL_DATA_DIR=\/data/);
  });
});

describe('deploy/docker-compose.yml', () => {
  const compose = parseYaml(read('deploy/docker-compose.yml')) as { services: Record<string, Record<string, unknown>> };
  const laurel = compose.services.laurel!;

  it('runs Laurel read-only with /tmp in memory, PostgreSQL and Redis, metrics on loopback only', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['laurel', 'postgres', 'redis']);
    expect(laurel.read_only).toBe(true);
    expect(laurel.tmpfs).toEqual(['/tmp']);
    expect(laurel.ports).toContain('127.0.0.1:9464:9464');
    expect((laurel.ports as string[]).filter((p) => p.endsWith(':9464')).every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('holds no secret: every secret comes from the environment (deploy/.env)', () => {
    const env = laurel.environment as Record<string, string>;
    for (const name of ['LAUREL_MASTER_KEY', 'DATABASE_URL', 'METRICS_TOKEN', 'SMTP_URL']) expect(env[name], name).toMatch(/\$\{[A-Z_]+/);
    expect((compose.services.postgres!.environment as Record<string, string>).POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD/);
    for (const name of Object.keys(env)) expect(laurelReads.has(name), `${name} is not a setting Laurel reads`).toBe(true);
  });
});

describe('deploy/helm/laurel', () => {
  const helpers = read('deploy/helm/laurel/templates/_helpers.tpl');
  const defined = new Set([...helpers.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map((m) => m[1]!));
  const chartText = templates.map((t) => read(t)).join('\n');

  const lookupValue = (path: string[]): unknown => path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), values);

  it('every template action is closed, and every included helper is defined', () => {
    for (const file of templates) {
      const text = read(file);
      expect((text.match(/\{\{/g) ?? []).length, file).toBe((text.match(/\}\}/g) ?? []).length);
      const opens = (text.match(/\{\{-?\s*(if|range|with|define)\b/g) ?? []).length;
      const ends = (text.match(/\{\{-?\s*end\s*-?\}\}/g) ?? []).length;
      expect(ends, `${file}: if/range/with/define and end`).toBe(opens);
    }
    const included = new Set([...chartText.matchAll(/include\s+"([^"]+)"/g)].map((m) => m[1]!));
    for (const name of included) expect(defined.has(name), `include "${name}"`).toBe(true);
  });

  it('every .Values path a template reads exists in values.yaml', () => {
    const paths = new Set([...chartText.matchAll(/\$?\.Values((?:\.[A-Za-z][A-Za-z0-9]*)+)/g)].map((m) => m[1]!.slice(1)));
    expect(paths.size).toBeGreaterThan(30);
    for (const path of paths) expect(lookupValue(path.split('.')), `.Values.${path}`).not.toBeUndefined();
    // `index $.Values $role` in hpa.yaml / pdb.yaml: both roles have what those read.
    for (const role of ['web', 'worker']) {
      for (const key of ['autoscaling.enabled', 'autoscaling.minReplicas', 'autoscaling.maxReplicas', 'autoscaling.targetCPUUtilizationPercentage', 'podDisruptionBudget.enabled', 'podDisruptionBudget.maxUnavailable']) {
        expect(lookupValue([role, ...key.split('.')]), `${role}.${key}`).not.toBeUndefined();
      }
    }
  });

  it('has every piece: Deployments for both roles, Service, Ingress, HPA, PDB, the migrations Job, the Secret, bundled PostgreSQL and Redis', () => {
    const kinds = [...chartText.matchAll(/^kind:\s*(\w+)/gm)].map((m) => m[1]!);
    for (const kind of ['Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Job', 'Secret', 'StatefulSet', 'ServiceAccount']) expect(kinds, kind).toContain(kind);
    expect(chartText).toContain('value: worker');
    expect(chartText).toMatch(/helm\.sh\/hook: pre-upgrade/);
    const apis = new Set([...chartText.matchAll(/^apiVersion:\s*(\S+)/gm)].map((m) => m[1]!));
    expect([...apis].sort()).toEqual(['apps/v1', 'autoscaling/v2', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'v1']);
  });

  it('every environment variable it gives Laurel is one Laurel reads (or a standard OpenTelemetry one)', () => {
    const names = new Set([...chartText.matchAll(/- name: ([A-Z][A-Z0-9_]+)\n\s+value/g), ...chartText.matchAll(/- name: ([A-Z][A-Z0-9_]+)\n\s+valueFrom/g)].map((m) => m[1]!));
    const postgresOwn = new Set(['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD', 'PGDATA', 'OTEL_SERVICE_NAME']);
    for (const name of names) if (!postgresOwn.has(name)) expect(laurelReads.has(name), `${name} is not a setting Laurel reads`).toBe(true);
    expect(names).toContain('LAUREL_ROLE');
    expect(names).toContain('LAUREL_MASTER_KEY_FILE');
  });

  it('defaults are safe: non-root, read-only root filesystem, no secret values, bundled databases off', () => {
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(values.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.secrets).toEqual({ existingSecret: '', masterKey: '', databaseUrl: '', smtpUrl: '', metricsToken: '' });
    expect(lookupValue(['postgresql', 'bundled', 'enabled'])).toBe(false);
    expect(lookupValue(['redis', 'bundled', 'enabled'])).toBe(false);
    // The metrics port is never on the Service.
    expect(read('deploy/helm/laurel/templates/service.yaml')).not.toContain('.Values.metrics');
    expect(read('deploy/helm/laurel/templates/secret.yaml')).toContain('helm.sh/resource-policy: keep');
  });

  it('Chart.yaml names the chart and its app version', () => {
    const chart = parseYaml(read('deploy/helm/laurel/Chart.yaml')) as Record<string, unknown>;
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'laurel', type: 'application' });
    const pkg = JSON.parse(read('packages/server/package.json')) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
  });
});

describe('deploy/grafana', () => {
  const metricsSource = read('packages/server/src/adapters/metrics/metrics.ts');
  const exported = new Set([...metricsSource.matchAll(/name: '(laurel_[a-z_]+)'/g)].map((m) => m[1]!));

  it('every laurel_* series the dashboard queries is one Laurel exports', () => {
    const dashboard = JSON.parse(read('deploy/grafana/laurel-dashboard.json')) as { panels: { id: number; type: string; targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(10);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(laurel_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{[\s)])/g)].map((m) => m[1]!)));
    for (const name of used) expect(exported.has(name), name).toBe(true);
    for (const name of exported) if (name !== 'laurel_metrics_collect_errors_total') expect(used.has(name), `${name} is on no panel`).toBe(true);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
