// vitest's optional type declarations import 'jsdom'; the agent app's Jest (jest-environment-jsdom)
// puts @types/jsdom in node_modules, whose types pull the DOM library into the server's type-check
// (DOM's fetch and BodyInit then reject Node's Buffer and streams). The server and its tests never
// use jsdom: tsconfig.json maps 'jsdom' to this empty module.
export {};
