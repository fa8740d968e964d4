/** The commented `.prodcheck.yaml` that `prodcheck init` writes. */
export const INIT_CONFIG = `# prodcheck configuration — see README "Configuration".
# Validated against schema/prodcheck.schema.json (point your editor's YAML schema at it).

# Fail the build on findings at or above this priority (P0 | P1 | P2 | P3 | none).
failOn: P0

# Report language for markdown/text/json messages (en | zh).
lang: en

# Per-rule settings: off, or a priority to grade the rule at.
# rules:
#   nginx/server-tokens: off
#   docker/unpinned-base: P1

# Paths never scanned (gitignore syntax). .gitignore and .prodcheckignore are honoured too.
# ignorePaths:
#   - legacy/**

# Accepted findings. Each needs a reason; \`until\` makes the acceptance expire.
# ignore:
#   - rule: compose/exposed-datastore
#     paths: [deploy/dev/**]
#     reason: local development stack, never deployed
#     until: 2027-01-31

# Files larger than this many bytes are skipped with a diagnostic.
# maxFileSize: 1048576
`;
