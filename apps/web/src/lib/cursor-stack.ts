/**
 * The cursors of the pages visited so far in a paginated list, so "previous" can go back:
 * the first page has no cursor (`undefined`).
 */
export type CursorStack = readonly (string | undefined)[];

/** The stack at the first page. */
export const FIRST_PAGE: CursorStack = [undefined];

/** The cursor of the page shown. */
export function currentCursor(stack: CursorStack): string | undefined {
  return stack[stack.length - 1];
}

/** Goes to the page after the current one. */
export function nextPage(stack: CursorStack, nextCursor: string): CursorStack {
  return [...stack, nextCursor];
}

/** Goes back one page; stays on the first. */
export function previousPage(stack: CursorStack): CursorStack {
  return stack.length > 1 ? stack.slice(0, -1) : stack;
}
