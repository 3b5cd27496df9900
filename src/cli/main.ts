// Entry point of the `kvalue` binary (bin/kvalue.js imports the compiled file).
import { processIo } from "./io.js";
import { run } from "./run.js";

// exitCode rather than exit(): lets stdout drain when it is a pipe.
process.exitCode = await run(process.argv.slice(2), processIo);
