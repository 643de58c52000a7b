declare const brand: unique symbol;

/** A nominal type: `Brand<string, 'UserId'>` is a string that only a `UserId` parser returns. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };
