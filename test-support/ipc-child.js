// The child side of test-support/ipc-instance.ts: answers `{ id, cmd, args }`
// requests from the parent with `{ id, ok, result | error }`. Plain JS: the
// forked children run without a TypeScript loader.
'use strict';

/**
 * Serves `commands` (name → async function of the request's args) over the IPC channel.
 * @param {Record<string, (args: any) => Promise<unknown>>} commands
 */
function serveCommands(commands) {
  process.on('message', (/** @type {{ id: number, cmd: string, args: unknown }} */ request) => {
    const command = commands[request.cmd];
    const run = command ? command(request.args) : Promise.reject(new Error(`unknown command ${request.cmd}`));
    run.then(
      (result) => process.send?.({ id: request.id, ok: true, result }),
      (error) => process.send?.({ id: request.id, ok: false, error: String(error && error.stack ? error.stack : error) }),
    );
  });
}

module.exports = { serveCommands };
