/**
 * Lua for the batch scripts (votes, joins, reactions): a batch moves few counters many times, so it
 * sums the moves by name, in the order names first came, and writes each counter once.
 * `add(s, name, by)` sums; `hincrby(s, key)` writes every sum that is not 0 to the hash `key`.
 */
export const SUMS = `
local function sums() return {names = {}, by = {}} end
local function add(s, name, by)
  if not s.by[name] then s.by[name] = 0; s.names[#s.names + 1] = name end
  s.by[name] = s.by[name] + by
end
local function hincrby(s, key)
  for _, name in ipairs(s.names) do
    local by = s.by[name]
    if by ~= 0 then redis.call('HINCRBY', key, name, by) end
  end
end`;
