-- Argo CD health check for videogen.dev/TrainingRun (resource.customizations.health.videogen.dev_TrainingRun).
-- Reads only what the operator writes: status.phase, status.conditions (type, status, reason,
-- message), status.observedGeneration, status.step/totalSteps, status.loss and
-- status.latestCheckpoint.
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

-- x rounded to the given number of significant digits (no string.format: Argo CD's Lua, gopher-lua,
-- formats numbers differently from C Lua).
local function significant(x, digits)
  if x == 0 then
    return "0"
  end
  local magnitude = math.floor(math.log(math.abs(x)) / math.log(10)) + 1
  local scale = 10 ^ (digits - magnitude)
  return tostring(math.floor(x * scale + 0.5) / scale)
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the TrainingRun"
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
  hs.message = describe(failed, "TrainingRun failed")
  return hs
end

if status.phase == "Succeeded" then
  hs.status = "Healthy"
  local text = describe(condition(status, "Succeeded"), "Training finished")
  if status.latestCheckpoint ~= nil and status.latestCheckpoint.uri ~= nil then
    text = text .. "; latest checkpoint " .. status.latestCheckpoint.uri
  end
  hs.message = text
  return hs
end

if status.phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = describe(condition(status, "Suspended"), "TrainingRun is suspended")
  return hs
end

if status.phase == "Running" or status.phase == "Pending" then
  hs.status = "Progressing"
  local text = status.phase
  if status.step ~= nil then
    text = text .. ": step " .. int(status.step)
    if status.totalSteps ~= nil then
      text = text .. "/" .. int(status.totalSteps)
    end
    if status.loss ~= nil then
      text = text .. ", loss " .. significant(status.loss, 4)
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
