-- Tight integer while loop: sum of i*i % 7 for i in 0..30000000. Expected: 59999997
local i = 0
local s = 0
while i < 30000000 do
    s = s + i * i % 7
    i = i + 1
end
print(s)
