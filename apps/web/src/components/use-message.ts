import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { serverMessageKey } from '../lib/server-message';

/** Translates a message the server wrote in English, when it is a known one. */
export function useServerMessage(): (message: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (message: string) => {
      const known = serverMessageKey(message);
      return known ? t(known.key, known.values) : message;
    },
    [t],
  );
}
