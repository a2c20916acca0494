// Fails fast when npm runs us on a Node older than the project supports.
// npm scripts put node_modules/.bin first on PATH, so the `node@24` devDependency normally wins even on
// machines whose system Node is older; this guard catches the cases where it does not (npm run with
// --scripts-prepend-node-path, a missing install, a shell alias).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Breachdesk needs Node >= 22.12 (Lambda runs nodejs24.x); this is Node ${process.versions.node}.\n` +
      'Run `npm ci` first: the node@24 devDependency provides Node 24 to every npm script.',
  );
  process.exit(1);
}
