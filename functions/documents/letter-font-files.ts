/**
 * The font files the printed documents embed (letter-font.ts), in the dejavu-fonts-ttf package: one list that the
 * function manifest copies beside each handler that prints and the code reads, so the two cannot disagree.
 */
export const LETTER_FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** Where the manifest finds them, under node_modules. */
export const LETTER_FONT_PACKAGE_PATHS: readonly string[] = Object.values(LETTER_FONT_FILES).map(
  (file) => `dejavu-fonts-ttf/ttf/${file}`,
);
