// `npm run release`: one tarball, release/kvalue-<version>-linux-x64-node20.tar.gz, that runs with `node` alone on
// a machine with no network and no npm: the compiled code, the production dependencies exactly as installed here
// (native modules included, built for this platform and Node 20), the migrations, the generated data model the
// backup reads, the offline Prisma CLI engine (prisma/engine + @prisma/schema-engine-wasm), a start script and the
// systemd unit. Only what package-lock.json marks as not dev-only is copied; nothing is downloaded.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PLATFORM = "linux-x64-node20";

interface LockEntry {
  dev?: boolean;
}

/** The top-level packages of node_modules that a production install has (nested node_modules come with them). */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) && entry.dev !== true)
    .map(([key]) => key)
    .filter((key) => fs.existsSync(path.join(root, key))) // optional packages of other platforms are absent
    .sort();
}

const run = (command: string, args: string[]): void => {
  execFileSync(command, args, { cwd: ROOT, stdio: "inherit" });
};

const START = `#!/bin/sh
# Starts kvalue from this folder: the Slack app (HTTP, OAuth or Socket Mode, from the environment) or, without Slack
# credentials, the local console. Migrations apply at start. DATABASE_URL unset = ./data/kvalue.db in the current
# directory (set WorkingDirectory under systemd). See README.md, "Running it under systemd".
case "$0" in */*) here=\${0%/*} ;; *) here=. ;; esac
here=$(CDPATH= cd -- "$here" && pwd)
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a === 20 && b >= 19 ? 0 : 1)'; then
  echo "kvalue: this bundle needs Node.js 20.19 or a later 20.x (its native modules are built for Node 20); found $(node --version)" >&2
  exit 1
fi
exec node "$here/dist/src/main.js" "$@"
`;

const KVALUE = `#!/bin/sh
# The kvalue CLI of this bundle: kvalue assess|migrate|backup|restore|… (kvalue help lists them).
case "$0" in */*) here=\${0%/*} ;; *) here=. ;; esac
here=$(CDPATH= cd -- "$here" && pwd)
exec node "$here/bin/kvalue.js" "$@"
`;

export function releaseName(root: string = ROOT): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  return `kvalue-${version}-${PLATFORM}`;
}

export function buildRelease(): string {
  if (process.platform !== "linux" || process.arch !== "x64" || !process.versions.node.startsWith("20.")) {
    throw new Error(
      `the bundle is ${PLATFORM}: build it there (this is ${process.platform}-${process.arch} node ${process.version})`,
    );
  }
  const name = releaseName();
  const outDir = path.join(ROOT, "release");
  const stage = path.join(outDir, ".stage");
  const top = path.join(stage, name);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(top, { recursive: true });

  // The generated clients and the data model from the schemas, then the code compiled straight into the bundle.
  run("npm", ["run", "--silent", "db:generate"]);
  run(process.execPath, [
    path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
    "-p",
    "tsconfig.build.json",
    "--outDir",
    path.join(top, "dist"),
  ]);

  // Written here: the start scripts. Taken as they are from the repository: everything else, by path (no copy of
  // node_modules; tar reads it in place).
  fs.writeFileSync(path.join(top, "start"), START, { mode: 0o755 });
  fs.writeFileSync(path.join(top, "kvalue"), KVALUE, { mode: 0o755 });
  const fromRepo = [
    "package.json",
    "package-lock.json",
    "README.md",
    "LICENSE",
    "bin/kvalue.js",
    "docs/kvalue.service",
    "prisma/README.md",
    "prisma/engine",
    ...["sqlite", "postgresql"].flatMap((p) => [
      `prisma/${p}.config.ts`,
      `prisma/${p}/schema.prisma`,
      `prisma/${p}/migrations`,
      `prisma/${p}/generated/datamodel.json`,
    ]),
    ...productionPackages(ROOT),
  ];
  for (const file of fromRepo) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: cannot build the bundle`);
  }

  const tarball = path.join(outDir, `${name}.tar.gz`);
  fs.rmSync(tarball, { force: true });
  // Every member under <name>/ (S: symlink targets inside packages stay as they are); gzip -1: a third of the
  // time of the default level for a few percent more bytes.
  run("tar", [
    "--create",
    "--file",
    tarball,
    "--use-compress-program",
    "gzip -1",
    "--transform",
    `s,^,${name}/,S`,
    "--owner=0",
    "--group=0",
    "-C",
    ROOT,
    ...fromRepo,
    "-C",
    top,
    "dist",
    "start",
    "kvalue",
  ]);
  fs.rmSync(stage, { recursive: true, force: true });
  return tarball;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const tarball = buildRelease();
  const mb = (fs.statSync(tarball).size / 1e6).toFixed(0);
  console.log(`${path.relative(ROOT, tarball)} (${mb} MB) in ${Math.round((performance.now() - started) / 1000)} s`);
}
