/**
 * The value a select starts on when it offers exactly one choice (an administrator of one unit,
 * right after setup): a form never asks a person to pick the only option there is.
 */
export function onlyChoice(options: readonly { value: string }[]): string | null {
  return options.length === 1 ? options[0]!.value : null;
}
