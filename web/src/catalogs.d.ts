// The message catalogs, gathered by web/build.mjs from web/i18n/*.json: language code -> key -> ICU message.
declare module 'virtual:i18n-catalogs' {
  const catalogs: Record<string, Record<string, string>>;
  export default catalogs;
}

/** True in the development build (`node web/build.mjs --watch`): a missing translation is logged once. */
declare const I18N_DEV: boolean;
