/** The content width of an element in CSS pixels, kept current with a ResizeObserver. */
import { onMounted, onUnmounted, ref, type Ref } from 'vue'

export function useElementWidth(el: Ref<HTMLElement | null | undefined>): Ref<number> {
  const width = ref(0)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    // The same measure as the observer's (content box, floored), so its first report is no change.
    width.value = Math.floor(el.value.getBoundingClientRect().width)
    if (typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width
      if (w !== undefined) width.value = Math.floor(w)
    })
    observer.observe(el.value)
  })
  onUnmounted(() => observer?.disconnect())
  return width
}
