-- Argo CD health check for videogen.dev/VideoJob (resource.customizations.health.videogen.dev_VideoJob).
-- Reads only what the operator writes: status.phase, status.conditions (type, status, reason,
-- message), status.observedGeneration, status.progress and status.shards.
local hs = {}

local function condition(status, kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

-- "Reason: message" of a condition, or the fallback when the condition says nothing.
local function describe(c, fallback)
  if c == nil then
    return fallback
  end
  local text = c.reason
  if c.message ~= nil and c.message ~= "" then
    if text ~= nil and text ~= "" then
      text = text .. ": " .. c.message
    else
      text = c.message
    end
  end
  if text == nil or text == "" then
    return fallback
  end
  return text
end

-- Numbers arrive as floats (JSON); print whole numbers without a decimal point.
local function int(n)
  return tostring(math.floor(n))
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the VideoJob"
  return hs
end

-- A spec change the operator has not reconciled yet: the phase still describes the old spec.
local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. int(generation)
  return hs
end

local failed = condition(status, "Failed")
if status.phase == "Failed" or (failed ~= nil and failed.status == "True") then
  hs.status = "Degraded"
  hs.message = describe(failed, "VideoJob failed")
  if status.shards ~= nil and status.shards.failed ~= nil and status.shards.failed > 0 then
    hs.message = hs.message .. " (" .. int(status.shards.failed) .. " shard(s) failed)"
  end
  return hs
end

if status.phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = describe(condition(status, "Succeeded"), "Video rendered")
  return hs
end

if status.phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = describe(condition(status, "Suspended"), "VideoJob is suspended")
  return hs
end

if status.phase == "Running" or status.phase == "Pending" then
  hs.status = "Progressing"
  local text = status.phase
  local p = status.progress
  if p ~= nil and p.percent ~= nil then
    text = text .. ": " .. int(p.percent) .. "%"
    if p.framesDone ~= nil and p.framesTotal ~= nil then
      text = text .. " (" .. int(p.framesDone) .. "/" .. int(p.framesTotal) .. " frames)"
    end
  end
  local progressing = condition(status, "Progressing")
  if progressing ~= nil and progressing.message ~= nil and progressing.message ~= "" then
    text = text .. "; " .. progressing.message
  end
  hs.message = text
  return hs
end

hs.status = "Unknown"
hs.message = "Unknown phase " .. tostring(status.phase)
return hs
