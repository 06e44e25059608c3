/** A ticking clock for countdowns (SLA time left): the current epoch ms, refreshed every `everyMs`. */
import { onUnmounted, ref, type Ref } from 'vue'

export function useNow(everyMs = 15_000): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), everyMs)
  onUnmounted(() => clearInterval(timer))
  return now
}
