import { themes, type Theme } from '../../db/schema/index.ts';

export { themeInfo } from '../../core/content/themes.ts';

export function isTheme(value: string): value is Theme {
  return (themes as readonly string[]).includes(value);
}

export { themes, type Theme };
