import { tokenCli } from './token-cli.js';

const { code, out } = tokenCli(process.argv.slice(2), process.env);
(code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
process.exitCode = code;
