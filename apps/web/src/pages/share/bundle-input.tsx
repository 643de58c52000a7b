import type { ChangeEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField } from '../../components/fields';

/** Props of the bundle input: a file chooser and the text it fills, editable. */
export interface BundleInputProps {
  readonly form: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
}

/** A STIX bundle chosen as a file (read in the browser) or pasted. */
export function BundleInput({ form, value, onChange, errors }: BundleInputProps) {
  const { t } = useTranslation();
  const [fileName, setFileName] = useState<string | null>(null);
  function readFile(event: ChangeEvent<HTMLInputElement>): void {
    const file = event.target.files?.[0];
    if (!file) return;
    file
      .text()
      .then((content) => {
        onChange(content);
        setFileName(file.name);
      })
      .catch((error: unknown) => console.error(error));
  }
  return (
    <>
      <div className="field">
        <label htmlFor={`${form}-file`}>{t('share.bundle.file')}</label>
        <p className="hint" id={`${form}-file-hint`}>
          {fileName ? t('share.bundle.fileLoaded', { name: fileName }) : t('share.bundle.fileHint')}
        </p>
        <input id={`${form}-file`} type="file" accept=".json,application/json,application/stix+json" aria-describedby={`${form}-file-hint`} onChange={readFile} />
      </div>
      <TextAreaField form={form} path="bundle" label={t('share.bundle.text')} hint={t('share.bundle.textHint')} rows={10} className="mono" spellCheck={false} value={value} onChange={(event) => onChange(event.target.value)} errors={errors} />
    </>
  );
}
