/** Command-line options of `npm run bench -- [options]`. */
export interface CliOptions {
  readonly quick: boolean;
  /** Workload ids to run (default all). */
  readonly workloads?: readonly string[];
  /** Library ids to run (default all). */
  readonly libraries?: readonly string[];
  readonly runs?: number;
  /** Where the report goes; default bench/RESULTS.md, or bench/RESULTS.quick.md with --quick. */
  readonly out?: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--workloads=w1,w2,...] [--libraries=cachet-decorator,...] [--runs=N] [--out=FILE]
  --quick       few iterations, small sizes, one process per case (a smoke test: never fails on speed)
  --workloads   w1 w2 w3 w4-memory w4-redis w4-distributed w5 w6
  --runs        processes per case (default 5; 3 for w5)
  REDIS_URL     default redis://127.0.0.1:6379 (loopback only)`;

export function parseArgs(argv: readonly string[]): CliOptions {
  let options: { -readonly [K in keyof CliOptions]: CliOptions[K] } = { quick: false };
  for (const arg of argv) {
    const [name, value] = arg.split('=', 2);
    const list = () => (value ?? '').split(',').filter(Boolean);
    if (name === '--quick') options.quick = true;
    else if (name === '--workloads') options.workloads = list();
    else if (name === '--libraries') options.libraries = list();
    else if (name === '--runs' && Number.isInteger(Number(value)) && Number(value) > 0) options.runs = Number(value);
    else if (name === '--out' && value) options.out = value;
    else if (name === '--help' || name === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option '${arg}'\n${USAGE}`);
  }
  return options;
}
