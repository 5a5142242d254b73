// A build of another commit's media worker, for before/after figures in one bench run
// (`BENCH_BASELINE=<git revision> npm run bench`): a detached git worktree of that revision, sharing this
// checkout's installed packages (its own workspaces linked to its own sources), built with `tsc -b`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface BaselineBuild {
  revision: string;
  /** The baseline's `media-worker/dist/main.js`. */
  workerMain: string;
  remove(): void;
}

export function buildBaseline(revision: string): BaselineBuild {
  const commit = execFileSync("git", ["rev-parse", "--short", revision], {
    cwd: repoRoot,
    encoding: "utf8",
  }).trim();
  const directory = mkdtempSync(path.join(os.tmpdir(), "acs-voice-baseline-"));
  execFileSync("git", ["worktree", "add", "--detach", "--force", directory, commit], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  const remove = () => {
    try {
      execFileSync("git", ["worktree", "remove", "--force", directory], { cwd: repoRoot, stdio: "ignore" });
    } catch {
      // already gone
    }
  };
  try {
    linkPackages(path.join(repoRoot, "node_modules"), path.join(directory, "node_modules"));
    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-b"], {
      cwd: directory,
      stdio: "ignore",
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { revision: commit, workerMain: path.join(directory, "media-worker/dist/main.js"), remove };
}

/** Every installed package linked; the workspaces' own links (relative) recreated, so they point at the worktree. */
function linkPackages(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name.startsWith("@") && entry.isDirectory()) {
      linkPackages(source, target);
    } else if (entry.isSymbolicLink() && !path.isAbsolute(readlinkSync(source))) {
      symlinkSync(readlinkSync(source), target);
    } else {
      symlinkSync(source, target);
    }
  }
}
