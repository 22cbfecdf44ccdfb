#!/usr/bin/env node
// Lists how long the source files and functions are, so that long ones are seen (and split by what they
// do) rather than guessed at: every file's line count, then every function, method, accessor or arrow
// function longer than the limit, with file:line. Uses the TypeScript parser rather than a regular
// expression so that arrow functions, methods and nested functions are all found.
//
// A function's length is its whole span, first line to last, so a function that holds a long callback
// is listed as well as the callback.
//
// usage: node scripts/code-sizes.mjs [--max-function-lines N] [--max-file-lines N] [folder ...]
//        (defaults: 60, 300, and src adapters bench scripts)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

function parseArgs(argv) {
  const options = { maxFunctionLines: 60, maxFileLines: 300, folders: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--max-function-lines' || arg === '--max-file-lines') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) usage(`${arg} needs a whole number of lines`);
      options[arg === '--max-file-lines' ? 'maxFileLines' : 'maxFunctionLines'] = value;
    } else if (arg === '--help' || arg === '-h') {
      usage();
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else {
      options.folders.push(arg);
    }
  }
  if (options.folders.length === 0) options.folders = ['src', 'adapters', 'bench', 'scripts'];
  return options;
}

function usage(problem) {
  if (problem) console.error(problem);
  console.error('usage: node scripts/code-sizes.mjs [--max-function-lines N] [--max-file-lines N] [folder ...]');
  process.exit(problem ? 2 : 0);
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
      return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** Lines in the file as an editor counts them (a final newline does not start another line). */
function lineCount(text) {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** What a reader would call the function: its own name, or the name it is bound to, or where it is passed. */
function functionName(node, file) {
  if (node.kind === ts.SyntaxKind.Constructor) return 'constructor';
  if (node.name) return node.name.getText(file);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(file);
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText(file).replace(/\s+/g, '');
    return `(callback to ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`;
  }
  return '(anonymous)';
}

function longFunctions(path, text, maxLines) {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : path.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const visit = (node) => {
    if (FUNCTION_KINDS.has(node.kind) && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = end - start + 1;
      if (lines > maxLines) found.push({ line: start, lines, name: functionName(node, file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const files = options.folders.flatMap((folder) => sourceFiles(resolve(root, folder)));
  const sized = files.map((path) => {
    const text = readFileSync(path, 'utf8');
    return {
      name: relative(root, path),
      lines: lineCount(text),
      functions: longFunctions(path, text, options.maxFunctionLines),
    };
  });

  console.log(`Files (${sized.length}), longest first; * over ${options.maxFileLines} lines`);
  for (const file of [...sized].sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name))) {
    console.log(`${file.lines > options.maxFileLines ? '*' : ' '} ${String(file.lines).padStart(5)}  ${file.name}`);
  }

  const functions = sized
    .flatMap((file) => file.functions.map((fn) => ({ ...fn, where: `${file.name}:${fn.line}` })))
    .sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
  console.log('');
  console.log(`Functions over ${options.maxFunctionLines} lines (${functions.length}), longest first`);
  for (const fn of functions) console.log(`  ${String(fn.lines).padStart(5)}  ${fn.where}  ${fn.name}`);

  const longFiles = sized.filter((file) => file.lines > options.maxFileLines).length;
  console.log('');
  console.log(
    `${sized.length} files, ${longFiles} over ${options.maxFileLines} lines; ` +
      `${functions.length} functions over ${options.maxFunctionLines} lines`,
  );
}

main();
