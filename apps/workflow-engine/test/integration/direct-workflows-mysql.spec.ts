import { describeDirectWorkflows } from "./direct-workflows.js";

describeDirectWorkflows("mysql");
