// Svelte settings shared by the Vite plugin, svelte-check and the ESLint Svelte parser.
export default {
  compilerOptions: { runes: true },
};
