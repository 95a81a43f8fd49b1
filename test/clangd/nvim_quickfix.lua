-- Run by nvim.test: `nvim --headless -u NONE -c 'luafile nvim_quickfix.lua'
-- model.cpp`. Starts $ADOPTER_CLANGD as the buffer's language server, waits
-- for the adopter diagnostic, requests its code actions, applies the
-- quick-fix's workspace edit, writes the file and quits. Prints what it saw
-- (to stderr, which the test captures); exits non-zero on failure.
local function say(msg) io.stderr:write(msg .. "\n") end
local function fail(msg) say("nvim_quickfix: " .. msg); vim.cmd("cquit 1") end

local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "adopter-clangd",
  cmd = { os.getenv("ADOPTER_CLANGD"), "--log=error" },
  root_dir = vim.fn.getcwd(),
})
if not client_id then fail("could not start adopter-clangd") end
vim.lsp.buf_attach_client(buf, client_id)

local diag
vim.wait(240000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code and tostring(d.code):match("^adopter%-") then diag = d; return true end
  end
  return false
end, 200)
if not diag then fail("no adopter diagnostic") end
say("diagnostic: [" .. diag.code .. "] " .. diag.message)

local client = vim.lsp.get_client_by_id(client_id)
-- Back to an LSP diagnostic (Neovim 0.7 keeps only some fields of it).
local lsp_diag = {
  range = { start = { line = diag.lnum, character = diag.col },
            ["end"] = { line = diag.end_lnum, character = diag.end_col } },
  message = diag.message, code = diag.code, source = diag.source,
  severity = diag.severity,
}
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag }, only = { "quickfix" } },
}
local resp = client.request_sync("textDocument/codeAction", params, 60000, buf)
if not resp or resp.err or not resp.result then
  fail("codeAction failed: " .. vim.inspect(resp))
end
local action
for _, a in ipairs(resp.result) do
  if a.kind == "quickfix" and a.edit then action = a end
end
if not action then fail("no quick-fix among " .. #resp.result .. " actions") end
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
say("applied: " .. action.title)
vim.cmd("write")
say("written")
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
