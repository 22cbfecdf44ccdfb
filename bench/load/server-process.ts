import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

// The server as `npm start` runs it, in its own process, configured only through its environment: for
// the load benchmark, and for the tests that need the real process (its start-up, signals and exit).

/** The checkout: this file runs from dist/bench/load (the benchmark) and from bench/load (tests). */
const PROJECT = projectFolder(new URL('./', import.meta.url));
const MAIN = fileURLToPath(new URL('dist/adapters/main.js', PROJECT));
const START_SCRIPT = /^node((?: --[^ ]+)*) dist\/adapters\/main\.js$/;
/** The line main.ts writes once it serves, after its signal handlers are in place. */
const SERVING = /listening on port \d+/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcess {
  pid: number;
  url: string;
  /** Everything it wrote to stdout and stderr. */
  logFile: string;
  /** What it has written to standard error so far. */
  stderr(): string;
  /** What it has written to standard output so far. */
  stdout(): string;
  /** Resolves once it serves (it answers /healthz and has said so); rejects if it stops first, or after 60 s. */
  healthy(): Promise<void>;
  /** Its exit code, once it has exited and all it wrote has been read (null if a signal ended it). */
  exitCode: Promise<number | null>;
  /** Peak resident memory in MB (VmHWM), read from /proc while it is running. */
  peakRssMb(): number;
  /** CPU time used so far, in seconds (user + system). */
  cpuSeconds(): number;
  /** Sends it `signal` and returns at once: for what it does while it stops. */
  kill(signal: NodeJS.Signals): void;
  /** `signal` (SIGTERM unless told), then its exit code (or the signal that ended it, if it had to be killed). */
  stop(signal?: NodeJS.Signals): Promise<string>;
}

export interface ServerOptions {
  /** Its whole environment but PATH, and PORT (a free port unless given here). */
  env: Record<string, string>;
  /** Its working folder: a fresh temp folder, so no .env from the checkout is read. */
  dir: string;
  /** Writes a V8 CPU profile into `dir` on exit. */
  profile?: boolean;
  /** Written to its standard input, which is then closed: what someone types into the terminal chat. */
  input?: string;
}

/** The server, started and serving; stopped again if it does not start. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const server = await launchServer(options);
  try {
    await server.healthy();
  } catch (error) {
    await server.stop('SIGKILL');
    throw error;
  }
  return server;
}

/** The server's process, not waited for: for a start-up that fails, or the terminal chat. */
export async function launchServer({ env, dir, profile, input }: ServerOptions): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const logFile = join(dir, 'server.log');
  const flags = [...startFlags(), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
  const child = spawn(process.execPath, [...flags, MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: port, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(input);
  const output = recordOutput(child, logFile);
  // 'close' rather than 'exit': by then everything it wrote has been read, and is in the log file.
  const ended = new Promise<string>((resolve) =>
    child.once('close', (code, signal) =>
      output.endLog(() => resolve(code === null ? `killed by ${signal}` : `exit code ${code}`)),
    ),
  );
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid as number;
  return {
    pid,
    url,
    logFile,
    stdout: output.stdout,
    stderr: output.stderr,
    healthy: () => waitUntilServing(url, ended, logFile, output.stderr),
    exitCode: ended.then(() => child.exitCode),
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024,
    cpuSeconds: () => {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    kill: (signal) => {
      child.kill(signal);
    },
    stop: (signal = 'SIGTERM') => stop(child, ended, signal),
  };
}

interface RecordedOutput {
  stdout(): string;
  stderr(): string;
  /** Closes the log file, then calls `then`. */
  endLog(then: () => void): void;
}

/** Keeps what the process writes, in memory and (both streams together) in `logFile`. */
function recordOutput(child: ChildProcess, logFile: string): RecordedOutput {
  const log = createWriteStream(logFile);
  const record = (stream: Readable | null) => {
    let text = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      text += chunk;
      log.write(chunk);
    });
    return () => text;
  };
  return { stdout: record(child.stdout), stderr: record(child.stderr), endLog: (then) => log.end(then) };
}

async function waitUntilServing(
  url: string,
  ended: Promise<string>,
  logFile: string,
  stderr: () => string,
): Promise<void> {
  let gone: string | undefined;
  void ended.then((how) => {
    gone = how;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the server stopped during start-up (${gone}); see ${logFile}:\n${stderr()}`);
    // Both: what it wrote while starting is then all in stderr() before anyone reads it.
    if (SERVING.test(stderr()) && (await answersHealthz(url))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not serving within ${START_TIMEOUT_MS / 1000} s; see ${logFile}:\n${stderr()}`);
}

async function answersHealthz(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false; // not listening yet
  }
}

async function stop(child: ChildProcess, ended: Promise<string>, signal: NodeJS.Signals): Promise<string> {
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STOP_TIMEOUT_MS);
  });
  const how = await Promise.race([ended, late]);
  clearTimeout(timer);
  if (how) return how;
  child.kill('SIGKILL');
  return `${await ended} (still running ${STOP_TIMEOUT_MS / 1000} s after ${signal})`;
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
