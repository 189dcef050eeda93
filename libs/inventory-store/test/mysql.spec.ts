// The inventory store on mysql, on a database made for this run.
import { describeInventoryStore } from "./store-conformance.js";

describeInventoryStore("mysql");
