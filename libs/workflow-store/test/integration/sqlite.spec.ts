// The store's conformance suite on SQLite, on a database created for this run by `db upgrade`.
import { describeStoreConformance } from "./store-conformance.js";

describeStoreConformance("sqlite");
