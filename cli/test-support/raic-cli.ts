/** For tests that must kill a real `raic` process: runs the CLI's main() from source (tsx) with the given arguments. */
import { main } from '../main';

process.exitCode = await main(process.argv.slice(2));
