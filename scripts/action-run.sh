#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml). Reads the action inputs from INPUT_* variables,
# writes the report, the Markdown job summary and the step outputs; never fails the step itself:
# the exit code goes to the `exit-code` output and the action's last step decides.
set -uo pipefail

action_path="${ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
bin=(node "$action_path/bin/prodcheck.js")

path="${INPUT_PATH:-.}"
fail_on="${INPUT_FAIL_ON:-P0}"
format="${INPUT_FORMAT:-sarif}"
output="${INPUT_OUTPUT:-prodcheck.sarif}"
lang="${INPUT_LANG:-en}"

common=()
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_CHANGED_SINCE:-}" ] && common+=(--changed-since "$INPUT_CHANGED_SINCE")

# shellcheck disable=SC2206  # several paths may be given, separated by spaces
paths=($path)

"${bin[@]}" "${paths[@]}" "${common[@]}" --lang "$lang" --format "$format" --output "$output" --fail-on "$fail_on"
code=$?

if [ "${INPUT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "${bin[@]}" "${paths[@]}" "${common[@]}" --lang "$lang" --format markdown --fail-on none >>"$GITHUB_STEP_SUMMARY" || true
fi
if [ "${INPUT_ANNOTATE:-true}" = "true" ]; then
  "${bin[@]}" "${paths[@]}" "${common[@]}" --lang "$lang" --format github --fail-on none || true
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "report=$output"
  } >>"$GITHUB_OUTPUT"
fi
if [ "$code" -eq 2 ]; then
  echo "::error title=prodcheck::prodcheck could not complete the scan (exit 2); see the log above"
fi
exit 0
