// The inventory store on sqlite, on a database made for this run.
import { describeInventoryStore } from "./store-conformance.js";

describeInventoryStore("sqlite");
