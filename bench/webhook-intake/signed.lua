-- wrk script: POSTs pre-signed WhatsApp webhooks (lines "<signature>\t<body>" of the file given after --),
-- each wrk thread taking every Nth line so that threads do not send the same wamid; a thread that runs out
-- of lines starts its stripe again.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

local bodies, signatures, n, i = {}, {}, 0, 0

function init(args)
  local file, stripes = args[1], tonumber(args[2])
  local k = 0
  for line in io.lines(file) do
    if k % stripes == thread_number - 1 then
      local tab = line:find("\t", 1, true)
      n = n + 1
      signatures[n] = line:sub(1, tab - 1)
      bodies[n] = line:sub(tab + 1)
    end
    k = k + 1
  end
end

function request()
  i = i % n + 1
  return wrk.format("POST", "/webhooks/whatsapp",
    { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = signatures[i] }, bodies[i])
end
