import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The server as `npm start` runs it, in its own process, configured only through its environment.

/** The checkout: this file runs from dist/bench/load (the benchmark) and from bench/load (tests). */
const PROJECT = projectFolder(new URL('./', import.meta.url));
const MAIN = fileURLToPath(new URL('dist/adapters/main.js', PROJECT));
const START_SCRIPT = /^node((?: --[^ ]+)*) dist\/adapters\/main\.js$/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcess {
  pid: number;
  url: string;
  /** Everything it wrote to stdout and stderr. */
  logFile: string;
  /** Peak resident memory in MB (VmHWM), read from /proc while it is running. */
  peakRssMb(): number;
  /** CPU time used so far, in seconds (user + system). */
  cpuSeconds(): number;
  /** SIGTERM, then its exit code (or the signal that ended it, if it had to be killed). */
  stop(): Promise<string>;
}

export interface ServerOptions {
  env: Record<string, string>;
  /** Its working folder: a fresh temp folder, so no .env from the checkout is read. */
  dir: string;
  /** Writes a V8 CPU profile into `dir` on exit. */
  profile?: boolean;
}

export async function startServer({ env, dir, profile }: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const flags = [...startFlags(), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
  const child = spawn(process.execPath, [...flags, MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code === null ? `killed by ${signal}` : `exit code ${code}`)),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(url, exited, logFile);
  const pid = child.pid as number;
  return {
    pid,
    url,
    logFile,
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024,
    cpuSeconds: () => {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () => stop(child, exited),
  };
}

async function waitUntilHealthy(url: string, exited: Promise<string>, logFile: string): Promise<void> {
  let gone: string | undefined;
  void exited.then((how) => {
    gone = how;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the server stopped during start-up (${gone}); see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer /healthz within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

async function stop(child: ChildProcess, exited: Promise<string>): Promise<string> {
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STOP_TIMEOUT_MS);
  });
  const how = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (how) return how;
  child.kill('SIGKILL');
  return `${await exited} (still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM)`;
}

/** Node's flags in package.json's start script (such as --max-old-space-size=192), so both run alike. */
function startFlags(): string[] {
  const scripts = JSON.parse(readFileSync(new URL('package.json', PROJECT), 'utf8')).scripts as Record<string, string>;
  const flags = START_SCRIPT.exec(scripts.start ?? '')?.[1];
  if (flags === undefined) throw new Error(`package.json's start script is not "node [flags] dist/adapters/main.js"`);
  return flags.split(' ').filter(Boolean);
}

function projectFolder(from: URL): URL {
  for (let folder = from; folder.pathname !== '/'; folder = new URL('../', folder)) {
    if (existsSync(new URL('package.json', folder))) return folder;
  }
  throw new Error(`no package.json above ${fileURLToPath(from)}`);
}

/** A port free on this machine now (the server is told it, rather than reporting the one it got). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
