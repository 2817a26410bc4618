// What the test suites run besides Node, checked (and on Debian as root, installed) before jest starts:
// `npm test` and `npm run test:<project>` run it first (the "pre" scripts of package.json).
//
//   node scripts/test-prerequisites.mjs [project ...]    no project: all of them
//
// Missing programs, as root on Debian or Ubuntu: one line, then apt-get installs them (no recommends,
// no service started). Anywhere else: one line naming the command to run, and exit code 1.
// SUMMIT_PREREQ_DRY_RUN=1 prints what it would do and changes nothing; SUMMIT_PREREQ_ASSUME_MISSING=
// nginx,chromium treats those as missing (with the dry run: to see a decision on a complete machine).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import process from 'node:process';

/** Each program: how the suites find it, and which package brings it. */
const TOOLS = {
  'redis-server': { found: () => onPath('redis-server'), apt: 'redis-server', brew: 'redis' },
  'redis-cli': { found: () => onPath('redis-cli'), apt: 'redis-server', brew: 'redis' },
  // test/cluster/processes.ts runs /usr/sbin/nginx, else nginx from the PATH.
  nginx: { found: () => executable('/usr/sbin/nginx') || onPath('nginx'), apt: 'nginx', brew: 'nginx' },
  // test/browser/pages.ts launches Debian's chromium at this path.
  chromium: { found: () => executable('/usr/bin/chromium'), apt: 'chromium', brew: null },
};

/** What each jest project needs (jest.config.js). */
const PROJECTS = {
  // src/realtime/event-sharded.adapter.spec.ts starts a redis-server and a Redis Cluster.
  unit: ['redis-server', 'redis-cli'],
  contracts: ['redis-server', 'redis-cli'],
  // test/e2e/metrics.e2e.spec.ts puts nginx (deploy/nginx.conf) in front of the app.
  e2e: ['redis-server', 'nginx'],
  security: ['redis-server'],
  cluster: ['redis-server', 'redis-cli', 'nginx'],
  browser: ['chromium'],
  bench: ['redis-server', 'redis-cli'],
};

const dryRun = ['1', 'true', 'yes'].includes(process.env.SUMMIT_PREREQ_DRY_RUN ?? '');
const assumeMissing = new Set((process.env.SUMMIT_PREREQ_ASSUME_MISSING ?? '').split(',').filter(Boolean));

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, name)));
}

function say(line) {
  process.stdout.write(`test prerequisites: ${line}\n`);
}

function stop(line) {
  process.stderr.write(`test prerequisites: ${line}\n`);
  process.exit(1);
}

const unique = (items) => [...new Set(items)];

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(name in PROJECTS)) stop(`unknown project "${name}" (one of: ${Object.keys(PROJECTS).join(', ')})`);
}
const needed = unique((asked.length > 0 ? asked : Object.keys(PROJECTS)).flatMap((name) => PROJECTS[name]));
const missing = needed.filter((tool) => assumeMissing.has(tool) || !TOOLS[tool].found());
if (missing.length === 0) process.exit(0);

const packages = unique(missing.map((tool) => TOOLS[tool].apt));
const canApt = existsSync('/etc/debian_version') && process.getuid?.() === 0 && onPath('apt-get');

/** The one command to run where this script cannot install (not root, or not Debian). */
function advice() {
  if (process.platform === 'darwin') {
    const brew = unique(missing.map((tool) => TOOLS[tool].brew).filter(Boolean));
    const parts = brew.length > 0 ? [`run \`brew install ${brew.join(' ')}\``] : [];
    if (missing.includes('chromium')) {
      parts.push("the browser tests launch Debian's Chromium at /usr/bin/chromium: run npm run test:browser on Debian");
    }
    return parts.join('; ');
  }
  const apt = `${process.getuid?.() === 0 ? '' : 'sudo '}apt-get install ${packages.join(' ')}`;
  if (existsSync('/etc/debian_version')) return `run \`${apt}\``;
  return `install them with your package manager (on Debian or Ubuntu: \`${apt}\`; Chromium at /usr/bin/chromium)`;
}

if (!canApt) stop(`missing ${missing.join(', ')}: ${advice()}`);

const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages];
say(
  `${dryRun ? 'would install' : 'installing'} ${packages.join(' ')} (missing ${missing.join(', ')}): apt-get update && ${install.join(' ')}`,
);
if (dryRun) process.exit(0);

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const apt = (args) => spawnSync(args[0], args.slice(1), { env, stdio: ['ignore', 'ignore', 'inherit'] }).status ?? 1;

// The packages must not start their services (a system nginx on port 80): the suites start their own.
// policy-rc.d answering 101 tells invoke-rc.d not to, as in .ci/run; it is removed again after.
const policy = '/usr/sbin/policy-rc.d';
let ownPolicy = false;
if (!existsSync(policy)) {
  try {
    writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    ownPolicy = true;
  } catch {
    // no policy: a service may start, and is stopped below
  }
}
let status;
try {
  status = apt(['apt-get', 'update', '-qq']);
  if (status === 0) status = apt(install);
} finally {
  if (ownPolicy) rmSync(policy, { force: true });
}

// Where a service was started all the same (systemd ignores policy-rc.d), stop the package's nginx.
if (packages.includes('nginx')) {
  const quiet = { stdio: 'ignore' };
  if (onPath('systemctl') && spawnSync('systemctl', ['is-active', '--quiet', 'nginx'], quiet).status === 0) {
    spawnSync('systemctl', ['stop', 'nginx'], quiet);
  }
  // As .ci/run: the pid file of the package's nginx, and that process alive.
  try {
    const pid = Number(readFileSync('/run/nginx.pid', 'utf8').trim());
    if (pid > 0 && process.kill(pid, 0)) spawnSync('/usr/sbin/nginx', ['-s', 'stop'], quiet);
  } catch {
    // no pid file, or no such process: no nginx running
  }
}

if (status !== 0) stop(`apt-get failed (exit code ${status}): install ${packages.join(' ')} by hand`);
const still = missing.filter((tool) => !TOOLS[tool].found());
if (still.length > 0) stop(`still missing after apt-get: ${still.join(', ')}`);
