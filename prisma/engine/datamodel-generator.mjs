#!/usr/bin/env node
// A Prisma generator (the CLI's JSON-RPC protocol: requests on stdin, responses on stderr) that writes the parts of
// the schema's DMMF that `kvalue backup|restore` needs to handle every model generically: tables, columns, primary
// keys and which side of each relation holds the foreign key. The generated client keeps only a trimmed data model.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

const reply = (id, result) => process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);

function datamodel(dmmf) {
  return {
    models: dmmf.datamodel.models.map((m) => ({
      name: m.name,
      dbName: m.dbName ?? null,
      primaryKey: m.primaryKey ? m.primaryKey.fields : m.fields.filter((f) => f.isId).map((f) => f.name),
      fields: m.fields.map((f) => ({
        name: f.name,
        dbName: f.dbName ?? null,
        kind: f.kind,
        type: f.type,
        isList: f.isList,
        isRequired: f.isRequired,
        isId: f.isId,
        isUpdatedAt: f.isUpdatedAt ?? false,
        default: f.hasDefaultValue && typeof f.default !== "object" ? f.default : null,
        defaultFunction:
          f.hasDefaultValue && f.default !== null && typeof f.default === "object" ? f.default.name : null,
        relationName: f.relationName ?? null,
        relationFromFields: f.relationFromFields ?? [],
        relationToFields: f.relationToFields ?? [],
      })),
    })),
  };
}

readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
  const message = JSON.parse(line);
  if (message.method === "getManifest") {
    reply(message.id, { manifest: { prettyName: "kvalue data model (backup)", defaultOutput: "./generated" } });
  } else if (message.method === "generate") {
    const out = message.params.generator.output.value;
    const file = out.endsWith(".json") ? out : path.join(out, "datamodel.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(datamodel(message.params.dmmf), null, 1)}\n`);
    reply(message.id, null);
  }
});
