export const DSL_VERSION = "2.0";
